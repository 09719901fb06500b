import { useState } from 'react';
import { Button, Group, Text, TextInput } from '@mantine/core';

type CopyState = 'idle' | 'copied' | 'manual';

/**
 * "Copy link to this view": the queue's filters and sort live in the URL, so
 * the address is the view. (Saving views by name is not offered here yet.)
 */
export function CopyViewLink() {
  const [state, setState] = useState<CopyState>('idle');
  const url = window.location.href;

  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setState('copied');
      window.setTimeout(() => setState('idle'), 2500);
    } catch {
      // No clipboard (permission refused, insecure context): show the link to copy by hand.
      setState('manual');
    }
  }

  return (
    <Group gap="xs" wrap="nowrap">
      <Button variant="default" size="xs" onClick={() => void copy()}>
        Copy link to this view
      </Button>
      <Text size="xs" c="teal.9" aria-live="polite">
        {state === 'copied' ? 'Link copied' : ''}
      </Text>
      {state === 'manual' && (
        <TextInput
          aria-label="Link to this view"
          description="Copy this link"
          size="xs"
          readOnly
          value={url}
          onFocus={(event) => event.currentTarget.select()}
          w={320}
        />
      )}
    </Group>
  );
}
