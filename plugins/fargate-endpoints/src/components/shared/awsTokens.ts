/**
 * The strings in a report that must never break across lines: resource ids (`rtb-0efe…`,
 * `vpce-…`, `fs-…`), ARNs, image URIs, endpoint service names, regions and AZs. A browser
 * breaks after a hyphen, so `rtb-` / `0efe9d4e7bf664bfc` unless the id sits in a box of its own.
 */
const TOKEN_SOURCES = [
  // ARNs first: they contain everything below.
  String.raw`arn:aws[a-z-]*:[^\s,;)"']*[^\s,;)"'.]`,
  // Image URIs: a registry host (ECR or other) with a repository and a tag or digest.
  String.raw`(?:\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|public\.ecr\.aws|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?)\/[A-Za-z0-9._\/-]+(?::[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})`,
  // Endpoint service names.
  String.raw`com\.amazonaws\.[a-z0-9.-]*[a-z0-9]`,
  // Resource ids: the prefix, a hyphen, 8 to 32 letters and digits with at least one digit
  // (AWS writes 8 or 17 hex digits; Route 53 Profiles have more).
  String.raw`\b(?:vpce-svc|vpce|vpc|subnet|sg|rtb|acl|fs|fsmt|eni|nat|igw|eigw|tgw-attach|tgw|pcx|pl|rp|rslvr-[a-z]+|i)-(?=[a-z]*\d)[0-9a-z]{8,32}\b`,
  // Regions and availability zones (eu-west-1, us-gov-west-1, eu-west-1a, use1-az1).
  String.raw`\b[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]?\b`,
  String.raw`\b[a-z]{3,4}\d-az\d\b`,
];

const TOKEN = new RegExp(TOKEN_SOURCES.join('|'), 'g');

/** A piece of text: plain words, or a token to keep on one line. */
export interface TextPiece {
  text: string;
  token: boolean;
}

/** Splits text into plain runs and unbreakable tokens, in order; joined, the pieces are the text. */
export function splitAwsTokens(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    if (start > last)
      pieces.push({ text: text.slice(last, start), token: false });
    pieces.push({ text: match[0], token: true });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), token: false });
  return pieces;
}

/** The same pattern, for tests that look for tokens in rendered text. */
export const AWS_TOKEN_PATTERN = TOKEN;
