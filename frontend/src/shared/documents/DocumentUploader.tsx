import { useId, useRef, useState, type DragEvent } from 'react';
import { Button, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import type { DocumentType } from '../graphql/generated';
import { ACCEPT_ATTRIBUTE, ACCEPTED_FILES_HINT } from './fileChecks';
import { UPLOAD_KINDS, UploadList } from './UploadList';
import type { UploadItem } from './useDocumentUploads';

interface DocumentUploaderProps {
  /** Heading of the drop zone, e.g. "Attachments". */
  label: string;
  items: UploadItem[];
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  onRetry: (item: UploadItem) => void;
  /**
   * What the files are. Given `kind` (files sent as soon as chosen): one choice above the drop zone for the
   * next files. Given `onTypeChange` (files held until a form is sent): a choice beside each file.
   */
  kind?: { value: DocumentType; onChange: (documentType: DocumentType) => void };
  onTypeChange?: (key: string, documentType: DocumentType) => void;
  /** No new files while, e.g., the form is being submitted. */
  disabled?: boolean;
}

/** A drop zone with a file picker, and the chosen files with their upload progress. */
export function DocumentUploader(props: DocumentUploaderProps) {
  const { label, items, onAdd, onRemove, onRetry, kind, onTypeChange, disabled = false } = props;
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const labelId = useId();
  const hintId = useId();

  function handleDragOver(event: DragEvent) {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setDragging(true);
  }

  function handleDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (!disabled && event.dataTransfer.files.length > 0) onAdd([...event.dataTransfer.files]);
  }

  return (
    <Stack gap="xs">
      <Text component="h3" fw={500} size="sm" m={0} id={labelId}>
        {label}
      </Text>
      {kind && (
        <NativeSelect
          size="sm"
          label="What are you adding?"
          data={UPLOAD_KINDS}
          value={kind.value}
          onChange={(event) => kind.onChange(event.currentTarget.value as DocumentType)}
          disabled={disabled}
          maw={280}
        />
      )}
      <Paper
        role="group"
        aria-labelledby={labelId}
        aria-describedby={hintId}
        withBorder
        p="lg"
        data-dragging={dragging || undefined}
        onDragOver={handleDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={handleDrop}
        bg={dragging ? 'teal.0' : 'gray.0'}
        style={{ borderStyle: 'dashed', borderWidth: 2, borderColor: dragging ? 'var(--mantine-color-teal-7)' : undefined }}
      >
        <Stack align="center" gap={6}>
          <Text size="sm">Drag and drop files here, or</Text>
          <Button variant="default" size="sm" onClick={() => inputRef.current?.click()} disabled={disabled}>
            Choose files
          </Button>
          <Text size="xs" c="dimmed" id={hintId}>
            {ACCEPTED_FILES_HINT}
          </Text>
        </Stack>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          accept={ACCEPT_ATTRIBUTE}
          aria-label={label}
          disabled={disabled}
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            // Cleared so choosing the same file again (e.g. after removing it) fires a change.
            event.currentTarget.value = '';
            if (files.length > 0) onAdd(files);
          }}
        />
      </Paper>
      <UploadList items={items} onRemove={onRemove} onRetry={onRetry} onTypeChange={onTypeChange} removable={!disabled} />
    </Stack>
  );
}
