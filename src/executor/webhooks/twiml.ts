import twilio from 'twilio';

/** The content type Twilio expects for a TwiML answer to a webhook. */
export const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * TwiML answering an inbound SMS: one `<Message>` carrying `reply`, or an empty `<Response/>` when
 * nothing should be sent back. The SDK's builder does the XML escaping, so a reply holding `<`, `&`
 * or quotes can never break out of the element.
 */
export function messagingTwiml(reply?: string | null): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}

export function twimlResponse(reply?: string | null): Response {
  return new Response(messagingTwiml(reply), {
    status: 200,
    headers: { 'content-type': TWIML_CONTENT_TYPE },
  });
}
