/**
 * A small writer for EC2 Query responses. A plain object becomes child elements in key
 * order, an array becomes `<item>` members (EC2's list style), `undefined` is left out.
 */

/** A value the writer can render. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlValue[]
  | { [element: string]: XmlValue };

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function scalar(value: string | number | boolean | Date): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

/** Renders one element. */
export function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value
      .map(item => element('item', item))
      .join('')}</${name}>`;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    return `<${name}>${children(value)}</${name}>`;
  }
  return `<${name}>${scalar(value)}</${name}>`;
}

/** Renders the members of an object as sibling elements. */
export function children(value: { [element: string]: XmlValue }): string {
  return Object.entries(value)
    .map(([key, child]) => element(key, child))
    .join('');
}

/** The EC2 API namespace every response element carries. */
export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** A complete EC2 response document: `<ActionResponse xmlns=...><requestId>...`. */
export function ec2ResponseDocument(
  action: string,
  requestId: string,
  body: { [element: string]: XmlValue },
  namespace = EC2_NAMESPACE,
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}">${element(
    'requestId',
    requestId,
  )}${children(body)}</${action}Response>`;
}

/** An EC2 error document, exactly as EC2 shapes it (`Response/Errors/Error`, then `RequestID`). */
export function ec2ErrorDocument(
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Response><Errors><Error><Code>${escapeXml(
      code,
    )}</Code><Message>${escapeXml(message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
