import { Anchor } from '@mantine/core';

interface ProofOfDeliveryLinkProps {
  document: { filename: string; downloadUrl: string };
}

/**
 * A shipment's signed proof of delivery as a download link, like the links of DocumentsTable: the link is
 * signed for a few minutes only, so the page asks for a fresh one whenever it loads.
 */
export function ProofOfDeliveryLink({ document }: ProofOfDeliveryLinkProps) {
  return (
    <Anchor href={document.downloadUrl} download={document.filename} fw={500} style={{ overflowWrap: 'anywhere' }}>
      {document.filename}
    </Anchor>
  );
}
