import { healthyIsolatedSnapshot, withDefaultRoute } from '../testing/fixtures';
import { check, fired } from './testReport';

const taskDef = 'arn:aws:ecs:us-east-1:111122223333:task-definition/payments:7';

describe('image-registry-unreachable', () => {
  it("stays quiet for images in this region's private ECR", () => {
    expect(fired(check(), 'image-registry-unreachable')).toEqual([]);
  });

  it("fires for Docker Hub, public.ecr.aws and another region's ECR on an isolated path", () => {
    const r = check(healthyIsolatedSnapshot(), {
      images: [
        'nginx:latest',
        'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments:1.4.2',
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2',
      ],
    });
    expect(fired(r, 'image-registry-unreachable')).toEqual([
      `- ${taskDef}`,
      `- ${taskDef}`,
      `- ${taskDef}`,
    ]);
    const messages = r.findings
      .filter(f => f.rule === 'image-registry-unreachable')
      .map(f => f.message);
    expect(messages[0]).toMatch(/nginx:latest comes from Docker Hub/);
    expect(messages[1]).toMatch(/comes from public\.ecr\.aws/);
    expect(messages[2]).toMatch(/private ECR in eu-west-1, not us-east-1/);
    expect(
      r.findings.find(f => f.message.includes('public.ecr.aws'))!.terraform,
    ).toMatch(/aws_ecr_pull_through_cache_rule/);
  });

  it('stays quiet on a NAT path, which reaches any registry', () => {
    expect(
      fired(
        check(withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'), {
          images: ['nginx:latest'],
        }),
        'image-registry-unreachable',
      ),
    ).toEqual([]);
  });
});
