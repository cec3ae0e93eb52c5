/** Limits from the product documents (template title/body) and from Twilio's API (error 21617). */
export const TEMPLATE_TITLE_MAX = 100;
export const TEMPLATE_BODY_MAX = 500;
/** Twilio rejects a message body longer than this with error 21617. */
export const TWILIO_BODY_MAX = 1600;
