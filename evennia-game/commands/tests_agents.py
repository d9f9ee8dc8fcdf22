"""
Tests of the commands for and about agents: `write` (notes), `read` records, `request`, and the
recording `say` and `page`. Run one by one with `EvenniaCommandTest.call`.

The out-of-band side (`agent_requests`, `world_query`, ...) is tested in `world/tests_agents.py`.

"""

from evennia.utils import create
from evennia.utils.test_resources import EvenniaCommandTest

from commands import default_cmdsets
from commands.notes import CmdWrite
from commands.requests import CmdRequest
from commands.speech import CmdPage, CmdSay
from typeclasses.lessons import CmdRead, LessonStone
from typeclasses.notes import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Note
from world import agent_requests, perception, records
from world.tags import AGENT_TAG, ROLE_CATEGORY, SEED_CATEGORY


def notes_in(room):
    return [obj for obj in room.contents if isinstance(obj, Note)]


class TestWrite(EvenniaCommandTest):
    def test_write_leaves_a_note_authored_by_the_caller(self):
        self.call(CmdWrite(), "Greetings = Ezra was here.", "You write a note titled 'Greetings'")
        (note,) = notes_in(self.room1)
        self.assertEqual(note.key, "Greetings")
        self.assertEqual(note.db.text, "Ezra was here.")
        self.assertEqual(note.db.author, self.char1.key)
        self.assertEqual(note.db.author_dbref, f"#{self.char1.id}")

    def test_others_in_the_room_see_the_note_being_left(self):
        self.call(
            CmdWrite(),
            "Greetings = hello",
            {self.char2: f"{self.char1.key} leaves a note titled 'Greetings' here."},
        )

    def test_room_info_lists_the_note_as_a_thing(self):
        self.call(CmdWrite(), "Greetings = hello", "You write")
        (note,) = notes_in(self.room1)
        things = perception.room_payload(self.char2, self.room1)["things"]
        self.assertIn(
            {
                "key": "Greetings",
                "dbref": f"#{note.id}",
                "seedId": None,
                "typeclass": "typeclasses.notes.Note",
            },
            things,
        )

    def test_note_is_an_alias(self):
        self.assertIn("note", CmdWrite().aliases)

    def test_without_a_title_or_a_text_it_shows_the_usage(self):
        for args in ("", "Greetings", "Greetings =", "= text"):
            with self.subTest(args=args):
                self.call(CmdWrite(), args, "Usage: write <title> = <text>")
        self.assertEqual(notes_in(self.room1), [])

    def test_a_too_long_title_or_text_is_refused_with_the_limit(self):
        self.call(
            CmdWrite(),
            f"{'t' * (MAX_TITLE_LENGTH + 1)} = text",
            f"That title is too long ({MAX_TITLE_LENGTH + 1} characters); a title may have at "
            f"most {MAX_TITLE_LENGTH}.",
        )
        self.call(
            CmdWrite(),
            f"Title = {'x' * (MAX_TEXT_LENGTH + 1)}",
            f"That text is too long ({MAX_TEXT_LENGTH + 1} characters); a note may hold at most "
            f"{MAX_TEXT_LENGTH}.",
        )
        self.assertEqual(notes_in(self.room1), [])

    def test_the_character_cmdset_has_write_request_and_say(self):
        cmdset = default_cmdsets.CharacterCmdSet()
        cmdset.at_cmdset_creation()
        self.assertIsInstance(cmdset.get("write"), CmdWrite)
        self.assertIsInstance(cmdset.get("request"), CmdRequest)
        self.assertIsInstance(cmdset.get("say"), CmdSay)
        account_cmdset = default_cmdsets.AccountCmdSet()
        account_cmdset.at_cmdset_creation()
        self.assertIsInstance(account_cmdset.get("page"), CmdPage)


class TestReadRecords(EvenniaCommandTest):
    def test_reading_a_note_shows_its_text_and_author(self):
        self.call(CmdWrite(), "Greetings = Ezra was here.", "You write")
        self.call(
            CmdRead(),
            "Greetings",
            f"You read Greetings:\n\nEzra was here.\n\n  - {self.char1.key}",
            caller=self.char2,
        )

    def test_reading_records_seed_ids_or_dbrefs_once_each(self):
        stone = create.create_object(LessonStone, key="stone", location=self.room1)
        stone.tags.add("grove.stone", category=SEED_CATEGORY)
        self.call(CmdWrite(), "Greetings = hello", "You write")
        (note,) = notes_in(self.room1)
        for target in ("stone", "Greetings", "stone", "Greetings"):
            self.call(CmdRead(), target, "You read", caller=self.char2)
        self.assertEqual(self.char2.db.timmy_read, ["grove.stone", f"#{note.id}"])
        self.assertIsNone(self.char1.db.timmy_read)

    def test_reading_something_unreadable_records_nothing(self):
        self.call(CmdRead(), "Obj", "There is nothing to read on Obj.")
        self.assertIsNone(self.char1.db.timmy_read)


class TestSpeechRecords(EvenniaCommandTest):
    def test_say_speaks_as_evennias_say_and_records_it_on_the_room(self):
        self.call(CmdSay(), "hello there", 'You say, "hello there"')
        (entry,) = records.speech_of(self.room1)
        self.assertEqual((entry["speaker"], entry["text"]), (self.char1.key, "hello there"))
        self.assertIsInstance(entry["at"], float)

    def test_say_without_a_message_records_nothing(self):
        self.call(CmdSay(), "", "Say what?")
        self.assertEqual(records.speech_of(self.room1), [])

    def test_speech_is_runtime_state_kept_out_of_plain_attributes(self):
        self.call(CmdSay(), "hello", "You say")
        self.assertIsNone(self.room1.db.timmy_speech)

    def test_a_room_keeps_the_last_fifty_things_said(self):
        for number in range(records.SPEECH_LIMIT + 5):
            records.record_speech(self.room1, self.char1, f"line {number}", now=float(number))
        said = records.speech_of(self.room1)
        self.assertEqual(len(said), records.SPEECH_LIMIT)
        self.assertEqual(said[0]["text"], "line 5")
        self.assertEqual(said[-1]["text"], f"line {records.SPEECH_LIMIT + 4}")

    def test_page_records_the_message_on_the_receivers_character_even_offline(self):
        self.account2.characters.add(self.char2)
        self.call(
            CmdPage(),
            f"{self.account2.key} = are you there?",
            f"{self.account2.key} is offline.",
            caller=self.account,
        )
        (entry,) = records.pages_of(self.char2)
        self.assertEqual((entry["sender"], entry["text"]), (self.char1.key, "are you there?"))
        self.assertEqual(records.pages_of(self.char1), [])

    def test_listing_pages_records_nothing(self):
        self.account2.characters.add(self.char2)
        self.call(CmdPage(), f"{self.account2.key} = hi", "TestAccount2 is", caller=self.account)
        self.call(CmdPage(), "", "Your latest pages:", caller=self.account)
        self.call(CmdPage(), "/last", "You last paged", caller=self.account)
        self.assertEqual([e["text"] for e in records.pages_of(self.char2)], ["hi"])


class TestRequest(EvenniaCommandTest):
    def setUp(self):
        super().setUp()
        self.char2.tags.add(AGENT_TAG, category=ROLE_CATEGORY)

    def test_a_request_is_stored_pending_on_the_agent_and_confirmed(self):
        self.call(
            CmdRequest(),
            f"{self.char2.key.lower()} = read the stone of patience",
            f"You ask {self.char2.key}: read the stone of patience",
        )
        (request,) = agent_requests.requests_of(self.char2)
        self.assertEqual(request["from"], self.char1.key)
        self.assertEqual(request["text"], "read the stone of patience")
        self.assertEqual(request["status"], "pending")
        self.assertTrue(request["id"].startswith(f"req-{self.char2.id}-"))

    def test_the_agent_is_found_anywhere_in_the_game(self):
        self.char2.move_to(self.room2, quiet=True)
        self.call(CmdRequest(), f"{self.char2.key} = wave", f"You ask {self.char2.key}: wave")
        self.assertEqual(len(agent_requests.requests_of(self.char2)), 1)

    def test_only_agents_take_requests(self):
        self.char2.tags.remove(AGENT_TAG, category=ROLE_CATEGORY)
        self.call(
            CmdRequest(),
            f"{self.char2.key} = wave",
            f"{self.char2.key} is not an agent; only agents take requests.",
        )
        self.call(CmdRequest(), "Nobody = wave", "There is no agent called 'Nobody'.")
        self.assertEqual(agent_requests.requests_of(self.char2), [])

    def test_bad_requests_are_refused_with_a_reason(self):
        self.call(CmdRequest(), self.char2.key, "Usage: request <agent> = <what you want done>")
        limit = agent_requests.MAX_REQUEST_LENGTH
        self.call(
            CmdRequest(),
            f"{self.char2.key} = {'x' * (limit + 1)}",
            f"That request is too long ({limit + 1} characters); it may have at most {limit}.",
        )
        self.char1.tags.add(AGENT_TAG, category=ROLE_CATEGORY)
        self.call(
            CmdRequest(), f"{self.char1.key} = wave", "You cannot send a request to yourself."
        )
        self.assertEqual(agent_requests.requests_of(self.char2), [])
