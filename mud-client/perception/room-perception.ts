/** What a character perceives of the room it stands in, from whichever source the client had. */
export interface RoomPerception {
  /** The room's name as shown (without the `(#dbref)` builders see). */
  name: string;
  /** The database reference, when the viewer is a builder and Evennia showed it. */
  dbref?: string;
  description: string;
  exits: string[];
  characters: string[];
  /** Things in the room, without their indefinite article. */
  things: string[];
  /** `text`: parsed from the default look (a fallback); `oob`: structured `room_info` from the server. */
  source: 'text' | 'oob';
}
