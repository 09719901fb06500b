import { useState, type MouseEvent, type ReactNode } from 'react';
import { Button, Stack, Text, type ButtonProps } from '@mantine/core';

/** The server's own words from a refused download (`{"code", "message"}`), or a plain fallback. */
async function refusalMessage(response: Response): Promise<string> {
  if (response.status === 401) return 'Your session has ended. Sign in again, then download the file.';
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // not the server's JSON: fall through to the status
  }
  return `The file could not be made (error ${response.status}). Try again in a moment.`;
}

/** The file name the server offers (`filename*` first, then `filename`), or the fallback. */
export function offeredFilename(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (exact?.[1]) {
    try {
      return decodeURIComponent(exact[1]);
    } catch {
      // a malformed escape: use the plain name below
    }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain?.[1] || fallback;
}

interface CheckedDownloadButtonProps extends ButtonProps {
  href: string;
  /** The name to save under when the server offers none. */
  filename: string;
  children: ReactNode;
}

/**
 * A download from our own API that never lands on a raw error page: the file is
 * fetched first, and only a file is saved; a refusal (a bad period, an ended
 * session, a server fault) is shown beside the button in the server's words.
 * The link's href stays for opening in a new tab and for assistive technology.
 */
export function CheckedDownloadButton({ href, filename, children, ...buttonProps }: CheckedDownloadButtonProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch(href, { credentials: 'same-origin' });
      if (!response.ok) {
        setProblem(await refusalMessage(response));
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = offeredFilename(response.headers.get('content-disposition'), filename);
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      // The browser has taken the file once the click is handled; release the memory on the next turn.
      window.setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch {
      setProblem("We couldn't reach Recoup. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap={4}>
      <Button component="a" href={href} onClick={(event) => void download(event)} loading={busy} {...buttonProps}>
        {children}
      </Button>
      {problem && (
        <Text size="sm" c="red.8" role="alert">
          {problem}
        </Text>
      )}
    </Stack>
  );
}
