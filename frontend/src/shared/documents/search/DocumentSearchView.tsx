import { useState, type FormEvent, type ReactNode } from 'react';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ListPager } from '../../app/ListPager';
import { ErrorState, LoadingState } from '../../app/PageStates';
import { useUrlCursorStack } from '../../app/useUrlCursorStack';
import { formatDateTime } from '../../format/dates';
import { userLocale } from '../../format/locale';
import {
  SearchDocumentsDocument,
  type DocumentSearchFilter,
  type DocumentType,
  type SearchDocumentsQuery,
} from '../../graphql/generated';
import { DOCUMENT_TYPE_OPTIONS, documentTypeLabel } from './documentTypes';
import { Snippet } from './Snippet';
import { readSearchState, searchFilter, writeSearchState, type DocumentSearchState } from './searchParams';

const PAGE_SIZE = 20;

export type FoundDocument = SearchDocumentsQuery['searchDocuments']['edges'][number]['node'];

interface DocumentSearchViewProps {
  /** e.g. "Search your documents". */
  title: string;
  description: string;
  /** Where a hit leads (its case or invoice), or null when it has neither. */
  placeOf: (document: FoundDocument) => { to: string; label: string } | null;
  /** More filter fields beside the built-in ones (the console's customer). */
  extraFilter?: Partial<DocumentSearchFilter>;
  extraControls?: ReactNode;
}

const READ_STATUS: Record<string, { label: string; color: string } | undefined> = {
  INDEXING: { label: 'Being read', color: 'blue' },
  COULD_NOT_READ: { label: 'Could not read the text', color: 'orange' },
};

/** "1 document matches", "37 documents match", "More than 1,000 documents match: add words to narrow it down". */
export function matchCount(total: number, exact: boolean, locale: string = userLocale()): string {
  const count = new Intl.NumberFormat(locale).format(total);
  if (!exact) return `More than ${count} documents match; the newest are ranked. Add words to narrow it down.`;
  return total === 1 ? '1 document matches' : `${count} documents match`;
}

/** "12 documents" or "More than 1,000 documents", for the list before anything is typed. */
function documentCount(total: number, exact: boolean, locale: string = userLocale()): string {
  const count = new Intl.NumberFormat(locale).format(total);
  if (!exact) return `More than ${count} documents`;
  return total === 1 ? '1 document' : `${count} documents`;
}

/** A search box over the archive with kind and date filters, ranked hits with highlighted snippets and pages. */
export function DocumentSearchView({ title, description, placeOf, extraFilter, extraControls }: DocumentSearchViewProps) {
  const [params, setParams] = useSearchParams();
  const state = readSearchState(params);
  const [draft, setDraft] = useState<DocumentSearchState>(state);
  const paging = useUrlCursorStack('after');
  const searching = state.query.trim().length > 0;
  const [result, reexecute] = useQuery({
    query: SearchDocumentsDocument,
    // With no words the same query lists the documents under the filter, newest first.
    variables: { query: state.query, filter: searchFilter(state, extraFilter), first: PAGE_SIZE, after: paging.after },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(writeSearchState(draft, params));
  }

  const found = result.data?.searchDocuments;
  let body: ReactNode;
  if (result.error && !found) {
    body = <ErrorState title="We couldn't search the documents" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  } else if (!found) {
    body = <LoadingState label="Searching…" />;
  } else if (found.totalCount === 0 || found.edges.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text>{searching ? `No document matches “${state.query}”.` : 'No documents under these filters yet.'}</Text>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Stack gap="xs" component="ol" aria-label="Search results" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {found.edges.map(({ node, snippet }) => {
            const place = placeOf(node);
            const status = READ_STATUS[node.readStatus];
            return (
              <Paper key={node.id} withBorder p="sm" component="li">
                <Group justify="space-between" align="flex-start" gap="xs">
                  <div>
                    <Anchor href={node.downloadUrl} download={node.filename} fw={600}>
                      {node.filename}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {documentTypeLabel(node.documentType)} · added {formatDateTime(node.createdAt)}
                      {place && (
                        <>
                          {' · '}
                          <Anchor component={Link} to={place.to} size="xs">
                            {place.label}
                          </Anchor>
                        </>
                      )}
                    </Text>
                  </div>
                  <Group gap={4}>
                    {node.isInternal && (
                      <Badge color="grape" variant="light" radius="sm">
                        Internal
                      </Badge>
                    )}
                    {status && (
                      <Badge color={status.color} variant="light" radius="sm">
                        {status.label}
                      </Badge>
                    )}
                  </Group>
                </Group>
                <Snippet parts={snippet} />
              </Paper>
            );
          })}
        </Stack>
        <ListPager
          label="Search result pages"
          pageIndex={paging.pageIndex}
          pageSize={PAGE_SIZE}
          rowCount={found.edges.length}
          totalCount={found.totalCount}
          hasNextPage={found.pageInfo.hasNextPage}
          onPrevious={paging.previousPage}
          onNext={() => found.pageInfo.endCursor && paging.nextPage(found.pageInfo.endCursor)}
          busy={result.fetching}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <title>{`${title} · Recoup`}</title>
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text c="dimmed">{description}</Text>
      </div>
      <form onSubmit={submit} role="search" aria-label="Search documents">
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Search"
            placeholder="e.g. 4500012345, damaged pallets, POD"
            value={draft.query}
            onChange={(event) => setDraft({ ...draft, query: event.currentTarget.value })}
            maxLength={200}
            style={{ flex: 1, minWidth: 220 }}
          />
          <NativeSelect
            label="Kind"
            value={draft.type ?? ''}
            onChange={(event) => setDraft({ ...draft, type: (event.currentTarget.value || null) as DocumentType | null })}
            data={[{ value: '', label: 'Any kind' }, ...DOCUMENT_TYPE_OPTIONS]}
          />
          <TextInput
            label="Added from"
            type="date"
            value={draft.from ?? ''}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value || null })}
          />
          <TextInput
            label="Added to"
            type="date"
            value={draft.to ?? ''}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value || null })}
          />
          {extraControls}
          <Button type="submit">Search</Button>
        </Group>
      </form>
      {found && (
        <Text size="sm" aria-live="polite">
          {searching
            ? matchCount(found.totalCount, found.totalCountIsExact)
            : `${documentCount(found.totalCount, found.totalCountIsExact)}, newest first. Type words to search their text: a PO or delivery number, a truck, a store.`}
        </Text>
      )}
      {body}
    </Stack>
  );
}
