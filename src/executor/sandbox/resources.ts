import { twilioErrorUrl } from '../twilio/error-hints';
import type { SandboxMessage } from './schemas';

export const API_VERSION = '2010-04-01';

/** Twilio's v2010 dates: RFC 2822 in GMT, as in "Thu, 30 Jul 2015 20:12:31 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function messageUri(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The Message resource as the REST API returns it. */
export function messageResource(message: SandboxMessage): Record<string, unknown> {
  const uri = messageUri(message.accountSid, message.sid);
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.segments),
    price: message.price,
    price_unit: message.priceUnit,
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    to: message.to,
    uri,
  };
}

/** Twilio's error body, `{ code, message, more_info, status }`, with the matching HTTP status. */
export function errorResponse(
  httpStatus: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { code, message, more_info: twilioErrorUrl(code), status: httpStatus },
    { status: httpStatus, headers },
  );
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasNext: boolean;
}

/** Twilio's list envelope, with first/next/previous page links the SDK follows. */
export function pageEnvelope(
  key: string,
  path: string,
  query: URLSearchParams,
  page: Page<Record<string, unknown>>,
): Record<string, unknown> {
  const linkTo = (pageNumber: number) => {
    const params = new URLSearchParams(query);
    params.set('PageSize', String(page.pageSize));
    params.set('Page', String(pageNumber));
    params.delete('PageToken');
    return `${path}?${params.toString()}`;
  };
  const start = page.page * page.pageSize;
  return {
    [key]: page.items,
    end: start + Math.max(page.items.length - 1, 0),
    first_page_uri: linkTo(0),
    next_page_uri: page.hasNext ? linkTo(page.page + 1) : null,
    page: page.page,
    page_size: page.pageSize,
    previous_page_uri: page.page > 0 ? linkTo(page.page - 1) : null,
    start,
    uri: linkTo(page.page),
  };
}
