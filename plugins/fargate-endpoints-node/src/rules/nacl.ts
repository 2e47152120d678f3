/**
 * `nacl-blocks-https`: network ACLs are stateless, so a connection from a task to an endpoint
 * needs four entries to allow it: TCP 443 out of the task subnet and into the endpoint subnet,
 * and the replies on ephemeral ports 1024-65535 out of the endpoint subnet and into the task
 * subnet. For the S3 gateway only the task subnet's NACL is crossed. Traffic between two
 * addresses of the same subnet never crosses its NACL.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { NetworkAcl, Subnet } from '../model';
import { NaclBlock, naclAllows, networkAclForSubnet } from '../network/nacl';
import { PortRange, TCP } from '../network/protocol';
import { RuleContext, endpointsInUse, finding } from './context';
import { symptomFor } from './symptoms';
import { s3PrefixListKnown } from './unknowns';

const HTTPS: PortRange = { from: 443, to: 443 };
const EPHEMERAL: PortRange = { from: 1024, to: 65535 };

interface NaclProblem {
  acl: NetworkAcl;
  /** Subnets using the ACL where the problem shows. */
  subnetIds: string[];
  service: string;
  egress: boolean;
  ports: PortRange;
  remoteCidr: string;
  what: string;
  block: NaclBlock;
}

interface Crossing {
  subnet: Subnet;
  egress: boolean;
  ports: PortRange;
  remoteCidrs: string[];
  what: string;
}

function check(
  ctx: RuleContext,
  service: string,
  crossing: Crossing,
): NaclProblem[] {
  const acl = networkAclForSubnet(ctx.snapshot.networkAcls, crossing.subnet.id);
  if (!acl) return [];
  // One CIDR at a time, so the fix names every blocked range, not just the first.
  return crossing.remoteCidrs.flatMap(remoteCidr => {
    const verdict = naclAllows(acl, {
      egress: crossing.egress,
      protocol: TCP,
      ports: crossing.ports,
      remoteCidrs: [remoteCidr],
    });
    if (verdict.allowed) return [];
    return [
      {
        acl,
        subnetIds: [crossing.subnet.id],
        service,
        egress: crossing.egress,
        ports: crossing.ports,
        remoteCidr,
        what: crossing.what,
        block: verdict.block,
      },
    ];
  });
}

function crossingsFor(
  ctx: RuleContext,
  task: Subnet,
): Array<{ service: string; crossing: Crossing }> {
  const result: Array<{ service: string; crossing: Crossing }> = [];
  for (const { requirement, endpoint } of endpointsInUse(ctx)) {
    const service = requirement.service;
    if (requirement.type === 'Gateway') {
      if (!s3PrefixListKnown(ctx)) continue;
      const s3Cidrs = ctx.snapshot.s3PrefixList!.cidrs;
      const what = `S3 (prefix list ${ctx.snapshot.s3PrefixList!.id})`;
      result.push(
        {
          service,
          crossing: {
            subnet: task,
            egress: true,
            ports: HTTPS,
            remoteCidrs: s3Cidrs,
            what: `outbound TCP 443 from ${task.id} to ${what}`,
          },
        },
        {
          service,
          crossing: {
            subnet: task,
            egress: false,
            ports: EPHEMERAL,
            remoteCidrs: s3Cidrs,
            what: `inbound TCP 1024-65535 (the replies) from ${what} into ${task.id}`,
          },
        },
      );
      continue;
    }
    const endpointSubnets = ctx.snapshot.subnets.filter(
      s => endpoint.subnetIds.includes(s.id) && s.id !== task.id,
    );
    if (endpointSubnets.length === 0) continue;
    const remote = endpointSubnets.map(s => s.cidrBlock);
    const names = endpointSubnets.map(s => s.id).join(', ');
    result.push(
      {
        service,
        crossing: {
          subnet: task,
          egress: true,
          ports: HTTPS,
          remoteCidrs: remote,
          what: `outbound TCP 443 from ${task.id} to the ${service} endpoint subnets (${names})`,
        },
      },
      {
        service,
        crossing: {
          subnet: task,
          egress: false,
          ports: EPHEMERAL,
          remoteCidrs: remote,
          what: `inbound TCP 1024-65535 (the replies) from the ${service} endpoint subnets into ${task.id}`,
        },
      },
    );
    for (const endpointSubnet of endpointSubnets) {
      result.push(
        {
          service,
          crossing: {
            subnet: endpointSubnet,
            egress: false,
            ports: HTTPS,
            remoteCidrs: [task.cidrBlock],
            what: `inbound TCP 443 from task subnet ${task.id} into endpoint subnet ${endpointSubnet.id}`,
          },
        },
        {
          service,
          crossing: {
            subnet: endpointSubnet,
            egress: true,
            ports: EPHEMERAL,
            remoteCidrs: [task.cidrBlock],
            what: `outbound TCP 1024-65535 (the replies) from endpoint subnet ${endpointSubnet.id} to task subnet ${task.id}`,
          },
        },
      );
    }
  }
  return result;
}

const LAST_RULE_NUMBER = 32766;

/**
 * A free rule number for a new allow entry; marks it used. Before a deny entry it must come
 * just before it; against the implicit deny it can follow every existing entry.
 */
function takeRuleNumber(used: Set<number>, before: number | undefined): number {
  const take = (n: number) => {
    used.add(n);
    return n;
  };
  if (before === undefined) {
    const highest = Math.max(
      0,
      ...[...used].filter(n => n <= LAST_RULE_NUMBER),
    );
    for (let n = highest + 10; n <= LAST_RULE_NUMBER; n++) {
      if (!used.has(n)) return take(n);
    }
  }
  for (let n = (before ?? LAST_RULE_NUMBER + 1) - 1; n > 0; n--) {
    if (!used.has(n)) return take(n);
  }
  return 1;
}

function naclFinding(ctx: RuleContext, problems: NaclProblem[]): Finding {
  const { acl, service } = problems[0];
  const subnets = [...new Set(problems.flatMap(p => p.subnetIds))].join(', ');
  const lines = problems.map(p => {
    const by =
      p.block.ruleNumber === undefined
        ? 'no entry allows it, so the implicit deny (*) applies'
        : `entry ${p.block.ruleNumber} denies it`;
    return `${p.what}: ${by} (addresses ${p.block.addresses}, ports ${p.block.ports})`;
  });
  const used = {
    true: new Set(acl.entries.filter(e => e.egress).map(e => e.ruleNumber)),
    false: new Set(acl.entries.filter(e => !e.egress).map(e => e.ruleNumber)),
  };
  const entries = problems.map(p => ({
    number: takeRuleNumber(used[`${p.egress}`], p.block.ruleNumber),
    ...p,
  }));
  return finding('nacl-blocks-https', {
    service,
    resourceId: acl.id,
    message: `Network ACL ${
      acl.id
    } (on ${subnets}) blocks traffic the ${service} path needs. ACLs are stateless, so requests and replies must both be allowed. Blocked: ${lines.join(
      '; ',
    )}. The connection never completes, so ${symptomFor(service, ctx.region)}.`,
    fix: `Add allow entries to ${
      acl.id
    } numbered before the entry that blocks (VPC console → Network ACLs → ${
      acl.id
    } → Edit ${
      entries.some(e => e.egress) ? 'outbound' : 'inbound'
    } rules): ${entries
      .map(
        e =>
          `${e.egress ? 'outbound' : 'inbound'} rule ${e.number} allow TCP ${
            e.ports.from === e.ports.to
              ? e.ports.from
              : `${e.ports.from}-${e.ports.to}`
          } ${e.egress ? 'to' : 'from'} ${e.remoteCidr}`,
      )
      .join('; ')}.`,
    terraform: entries
      .map(e =>
        [
          `resource "aws_network_acl_rule" "${acl.id.replace(
            /[^a-zA-Z0-9]/g,
            '_',
          )}_${e.egress ? 'out' : 'in'}_${e.number}" {`,
          `  network_acl_id = "${acl.id}"`,
          `  rule_number    = ${e.number}`,
          `  egress         = ${e.egress}`,
          `  protocol       = "tcp"`,
          `  rule_action    = "allow"`,
          `  cidr_block     = "${e.remoteCidr}"`,
          `  from_port      = ${e.ports.from}`,
          `  to_port        = ${e.ports.to}`,
          `}`,
        ].join('\n'),
      )
      .join('\n\n'),
  });
}

/** `nacl-blocks-https`: one finding per network ACL and service whose path it blocks. */
export function naclBlocksHttps(ctx: RuleContext): Finding[] {
  const groups = new Map<string, NaclProblem[]>();
  for (const task of ctx.taskSubnets) {
    for (const { service, crossing } of crossingsFor(ctx, task)) {
      for (const problem of check(ctx, service, crossing)) {
        const key = `${problem.acl.id} ${service}`;
        const list = groups.get(key) ?? [];
        // The same blocked range seen from another subnet on this ACL needs the same entry.
        const same = list.find(
          p =>
            p.egress === problem.egress &&
            p.ports.from === problem.ports.from &&
            p.remoteCidr === problem.remoteCidr,
        );
        if (same) same.subnetIds.push(...problem.subnetIds);
        else groups.set(key, [...list, problem]);
      }
    }
  }
  return [...groups.values()].map(problems => naclFinding(ctx, problems));
}
