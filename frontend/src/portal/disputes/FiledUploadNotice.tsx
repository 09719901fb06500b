import { Alert, Button, Loader, Group, Text } from '@mantine/core';
import type { UploadItem } from '../../shared/documents/useDocumentUploads';

interface FiledUploadNoticeProps {
  items: UploadItem[];
  onGoToDispute: () => void;
}

/** After filing: the documents are on their way, or some did not make it (the dispute is filed either way). */
export function FiledUploadNotice({ items, onGoToDispute }: FiledUploadNoticeProps) {
  const failed = items.filter((item) => item.status === 'failed').length;
  const uploading = items.some((item) => item.status === 'uploading');

  if (failed > 0 && !uploading) {
    return (
      <Alert color="orange" variant="light" role="alert" title="Your dispute is filed, but some documents didn't upload">
        <Text size="sm">
          {failed === 1 ? 'One document' : `${failed} documents`} could not be uploaded; the reason is shown next to
          each file above. Your dispute itself is filed and safe: retry the upload, or go to the dispute and add the
          documents there later.
        </Text>
        <Button mt="sm" size="xs" variant="white" color="orange" onClick={onGoToDispute}>
          Go to the dispute
        </Button>
      </Alert>
    );
  }
  return (
    <Alert color="teal" variant="light" title="Your dispute is filed">
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm">Uploading your documents. Please keep this page open.</Text>
      </Group>
    </Alert>
  );
}
