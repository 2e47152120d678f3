import type {
  EgressPath,
  ReportPath,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

const EGRESS_PATH_WORDS: Record<ReportPath, string> = {
  isolated: 'PrivateLink (isolated subnets, VPC endpoints)',
  nat: 'NAT gateway',
  public: 'Public subnet (internet gateway)',
  custom: 'Custom route (transit gateway, peering or appliance)',
  mixed: 'Mixed: the task subnets differ',
  unknown: 'Unknown: the route tables could not be read',
};

/** How a service or a subnet reaches AWS, in words. */
export function describeEgressPath(path: ReportPath | EgressPath): string {
  return EGRESS_PATH_WORDS[path] ?? path;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function formatAge(ageSeconds: number): string {
  const seconds = Math.max(0, Math.round(ageSeconds));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** US dollars with cents, "$43.80"; per-GB prices keep a third decimal, "$0.045". */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 1) {
    return `$${amount.toFixed(3).replace(/0$/, '')}`;
  }
  return `$${amount.toFixed(2)}`;
}

/** Shortens long AWS error text at a word boundary, keeping the error name at the front. */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.lastIndexOf(' ', maxLength);
  return `${text.slice(0, cut > maxLength / 2 ? cut : maxLength).trimEnd()}…`;
}
