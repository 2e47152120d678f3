import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MissingPermissionsNotice } from './MissingPermissionsNotice';

describe('MissingPermissionsNotice', () => {
  it('names the refused actions and shows the statement to add', async () => {
    await renderInTestApp(
      <MissingPermissionsNotice
        missing={{
          actions: ['ec2:DescribeNetworkAcls'],
          checks: ['network ACLs'],
          statement: {
            Sid: 'FargateEndpointsReadOnly',
            Effect: 'Allow',
            Action: ['ec2:DescribeNetworkAcls'],
            Resource: '*',
          },
        }}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'Permissions the checker lacks' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/AWS refused ec2:DescribeNetworkAcls\./),
    ).toBeInTheDocument();
    expect(screen.getByText(/"Action": \[/).textContent).toContain(
      '"ec2:DescribeNetworkAcls"',
    );
  });

  it('renders nothing when nothing was refused', async () => {
    const { container } = await renderInTestApp(
      <MissingPermissionsNotice missing={undefined} />,
    );
    expect(container.textContent).toBe('');
  });
});
