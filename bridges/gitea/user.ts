/**
 * The token's own user: `GET /user`, and the profile photo (`POST /user/avatar {image: base64}`, scope
 * `write:user`). Versions answer the upload with 200, 201 or 204, so success is confirmed by `avatar_url`
 * of `GET /user` changing.
 */
import type { GiteaHttp } from './gitea-http.ts';
import { type GiteaUser, UserSchema } from './gitea-schemas.ts';

export interface AvatarUpdate {
  before: string;
  after: string;
  /** `avatar_url` differs after the upload. */
  changed: boolean;
}

export function userOperations(http: GiteaHttp) {
  const operations = {
    async get(signal?: AbortSignal): Promise<GiteaUser> {
      const response = await http.request({ method: 'GET', path: '/user', schema: UserSchema, signal });
      return response.data;
    },
    /** Uploads a PNG/JPEG/GIF as the avatar (repeating it is harmless, so it retries). */
    async uploadAvatar(image: Uint8Array, signal?: AbortSignal): Promise<void> {
      await http.request({
        method: 'POST',
        path: '/user/avatar',
        body: { image: Buffer.from(image).toString('base64') },
        idempotent: true,
        signal,
      });
    },
    /** Uploads the avatar and reads `avatar_url` before and after. */
    async updateAvatar(image: Uint8Array, signal?: AbortSignal): Promise<AvatarUpdate> {
      const before = (await operations.get(signal)).avatar_url;
      await operations.uploadAvatar(image, signal);
      const after = (await operations.get(signal)).avatar_url;
      return { before, after, changed: before !== after };
    },
  };
  return operations;
}
