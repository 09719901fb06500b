import { Text } from '@mantine/core';

export interface SnippetPart {
  text: string;
  highlighted: boolean;
}

/** A search snippet: plain text, the matched words marked. Rendered as text, never as markup. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  if (parts.length === 0) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="snippet">
      {parts.map((part, index) =>
        part.highlighted ? (
          <mark key={index} style={{ padding: '0 2px', borderRadius: 2 }}>
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </Text>
  );
}
