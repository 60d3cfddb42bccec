import { createHash } from 'node:crypto';

/**
 * Zalo OA webhook bodies in the shape and field order of Zalo's own examples (the Official Account
 * webhook pages: `user_send_text`, `follow`, `user_send_image`), ids kept in Zalo's form (numeric
 * strings), texts changed to PCN's commands. Raw strings, because the signature is over the bytes
 * as sent.
 */
export const APP_ID = '360846524940903967';
export const OA_ID = '388613280878808645';
export const OA_SECRET_KEY = 'pcn-test-oa-secret-key';
/** 2025-12-01T02:40:00Z, the events' `timestamp`. */
export const SENT_AT = 1_764_556_800_000;

export const USER_SEND_TEXT =
  '{"app_id":"360846524940903967","sender":{"id":"246845883529197922"},"user_id_by_app":"552177279717587730","recipient":{"id":"388613280878808645"},"event_name":"user_send_text","message":{"text":"GY QD-2026-01 D5 De nghi giam phi","msg_id":"96d3cdf3af150460909"},"timestamp":"1764556800000"}';

/**
 * `mac` of USER_SEND_TEXT, computed outside Node with coreutils:
 * `printf '%s' "$APP_ID$BODY$TIMESTAMP$OA_SECRET_KEY" | sha256sum`.
 */
export const USER_SEND_TEXT_MAC =
  '5e2b182622f7ab955f7202d6ff022befa4e18efa85df0c9d5687b63e8082b90a';

/** Pretty-printed, with Vietnamese text and escapes: the bytes, not a re-serialisation, count. */
export const USER_SEND_TEXT_PRETTY = `{
  "app_id": "360846524940903967",
  "sender": { "id": "246845883529197922" },
  "user_id_by_app": "552177279717587730",
  "recipient": { "id": "388613280878808645" },
  "event_name": "user_send_text",
  "message": {
    "text": "GÓP Ý QĐ-2026-01 Điều 5: Đề nghị giảm phí \\u2014 \\"quá cao\\"",
    "msg_id": "a7c1e0f2b3d4e5f60718"
  },
  "timestamp": "1764556800000"
}`;

export const FOLLOW =
  '{"oa_id":"388613280878808645","follower":{"id":"246845883529197922"},"user_id_by_app":"552177279717587730","event_name":"follow","source":"oa_profile","app_id":"360846524940903967","timestamp":"1764556800000"}';

export const USER_SEND_IMAGE =
  '{"app_id":"360846524940903967","sender":{"id":"246845883529197922"},"user_id_by_app":"552177279717587730","recipient":{"id":"388613280878808645"},"event_name":"user_send_image","message":{"msg_id":"b8d2f1a3c4e5f6071829","attachments":[{"payload":{"thumbnail":"https://example.invalid/t.jpg","url":"https://example.invalid/i.jpg"},"type":"image"}]},"timestamp":"1764556800000"}';

/** The header as Zalo sends it for `body`, signed with `secret` for `appId`. */
export function zaloSignature(
  body: string | Uint8Array,
  timestamp: string,
  secret = OA_SECRET_KEY,
  appId = APP_ID,
): string {
  const mac = createHash('sha256')
    .update(appId)
    .update(body)
    .update(timestamp)
    .update(secret)
    .digest('hex');
  return `mac=${mac}`;
}

/**
 * A `user_send_text` body as published in a Zalo integrator's API reference
 * (docs.a4b.vn, XBot "ZaloPushToXBot"), byte for byte as printed there, the sender id masked as
 * published: an independent sample of the field names and types.
 */
export const PUBLISHED_APP_ID = '2553928453557884079';
export const PUBLISHED_USER_SEND_TEXT = `{
  "event_name": "user_send_text",
  "app_id": "2553928453557884079",
  "sender": {
    "id": "6142494823xxxxxxxx"
  },
  "recipient": {
    "id": "3662729599332560487"
  },
  "message": {
    "text": "Chào A4B",
    "msg_id": "cb31dff1c39642cc1b83"
  },
  "timestamp": "1699003881354",
  "user_id_by_app": "979122185046046317"
}`;
