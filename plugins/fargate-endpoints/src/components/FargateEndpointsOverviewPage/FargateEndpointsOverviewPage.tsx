import { Content, Header, Page } from '@backstage/core-components';
import { FargateEndpointsOverviewContent } from './FargateEndpointsOverviewContent';

/** The overview page with its own header, for the legacy frontend system. */
export function FargateEndpointsOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Private networking"
        subtitle="Can every linked Fargate service start in its subnets?"
      />
      <Content>
        <FargateEndpointsOverviewContent />
      </Content>
    </Page>
  );
}
