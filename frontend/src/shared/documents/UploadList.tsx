import { Button, Group, NativeSelect, Progress, Stack, Text } from '@mantine/core';
import type { DocumentType } from '../graphql/generated';
import { documentTypeLabel } from './search/documentTypes';
import { formatFileSize } from '../format/fileSize';
import type { UploadItem } from './useDocumentUploads';

/** The kinds a person picks from when uploading evidence (the archive knows more; these are the usual ones). */
export const UPLOAD_KINDS: { value: DocumentType; label: string }[] = (
  ['PROOF_OF_DELIVERY', 'BILL_OF_LADING', 'CLAIM_FORM', 'PHOTO', 'PRICE_AGREEMENT', 'CORRESPONDENCE', 'OTHER'] as const
).map((value) => ({ value, label: documentTypeLabel(value) }));

interface UploadListProps {
  items: UploadItem[];
  onRemove: (key: string) => void;
  /** Says what a file not yet sent is; without it the kind is not asked. */
  onTypeChange?: (key: string, documentType: DocumentType) => void;
  onRetry: (item: UploadItem) => void;
  /** Whether files not yet sent may still be removed. */
  removable: boolean;
}

function UploadRow({ item, onRemove, onRetry, onTypeChange, removable }: { item: UploadItem } & Omit<UploadListProps, 'items'>) {
  const name = item.file.name;
  return (
    <Stack component="li" gap={4} data-upload-status={item.status}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} truncate="end" miw={0}>
          {name}{' '}
          <Text span size="xs" c="dimmed" fw={400}>
            {formatFileSize(item.file.size)}
          </Text>
        </Text>
        <Group gap="xs" wrap="nowrap">
          {item.status === 'ready' && (
            <Text size="xs" c="dimmed">
              Ready to upload
            </Text>
          )}
          {item.status === 'done' && (
            <Text size="xs" c="green.9" fw={600}>
              Uploaded
            </Text>
          )}
          {item.status === 'failed' && (
            <Button size="compact-xs" variant="light" onClick={() => onRetry(item)} aria-label={`Retry uploading ${name}`}>
              Retry
            </Button>
          )}
          {(item.status === 'refused' || (item.status === 'ready' && removable)) && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onRemove(item.key)} aria-label={`Remove ${name}`}>
              Remove
            </Button>
          )}
        </Group>
      </Group>
      {onTypeChange && (item.status === 'ready' || item.status === 'failed') && (
        <NativeSelect
          size="xs"
          label={`What is ${name}?`}
          data={UPLOAD_KINDS}
          value={item.documentType}
          onChange={(event) => onTypeChange(item.key, event.currentTarget.value as DocumentType)}
          maw={280}
        />
      )}
      {item.status === 'uploading' && <Progress value={item.percent} size="sm" aria-label={`Uploading ${name}`} />}
      {item.message && (
        <Text size="xs" c="red.8" role="alert">
          {item.status === 'refused' ? 'Not added: ' : 'Upload failed: '}
          {item.message}
        </Text>
      )}
    </Stack>
  );
}

/** The chosen files, each with its state: waiting, a progress bar, uploaded, or why it failed. */
export function UploadList({ items, ...actions }: UploadListProps) {
  if (items.length === 0) return null;
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Chosen files">
      {items.map((item) => (
        <UploadRow key={item.key} item={item} {...actions} />
      ))}
    </Stack>
  );
}
