"""Document search: full text and metadata, ranked, with highlighted snippets, filters and paging."""

from __future__ import annotations

import uuid
from datetime import date

import strawberry
from sqlalchemy import select

from backend.db.lists import among
from backend.domain.documents.enums import DocumentType as DomainDocumentType
from backend.domain.documents.models import Document as DocumentModel
from backend.domain.search import service as search
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import PageInfo, clamp_page_size, offset_page_info
from backend.graphql.permissions import IsSignedIn
from backend.graphql.types.document import Document, DocumentType

SEARCH_PAGE_CAP = 50


@strawberry.type(description="A piece of a snippet; highlighted pieces are the words that matched.")
class SnippetPart:
    text: str
    highlighted: bool


@strawberry.type
class DocumentSearchHit:
    cursor: str
    node: Document
    snippet: list[SnippetPart] = strawberry.field(description="Text around the matches, in pieces: render as text.")


@strawberry.type
class DocumentSearchResults:
    edges: list[DocumentSearchHit]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many match, counted up to 1,000 (see totalCountIsExact).")
    total_count_is_exact: bool = strawberry.field(
        description="False: more than totalCount match. Results are ranked among the newest 1,000 matches."
    )


@strawberry.input
class DocumentSearchFilter:
    document_types: list[DocumentType] | None = None  # type: ignore[valid-type]
    customer_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Staff: only these customers' documents (a customer's search is theirs only)."
    )
    invoice_id: strawberry.ID | None = None
    dispute_id: strawberry.ID | None = None
    uploaded_from: date | None = None
    uploaded_to: date | None = None


def snippet_parts(snippet: str) -> list[SnippetPart]:
    """Split the engine's marked snippet into plain and highlighted pieces (no markup reaches the client)."""
    parts: list[SnippetPart] = []
    rest = snippet
    while rest:
        start = rest.find(search.HIGHLIGHT_START)
        if start < 0:
            parts.append(SnippetPart(text=rest.replace(search.HIGHLIGHT_END, ""), highlighted=False))
            break
        if start > 0:
            parts.append(SnippetPart(text=rest[:start], highlighted=False))
        end = rest.find(search.HIGHLIGHT_END, start)
        end = len(rest) if end < 0 else end
        parts.append(SnippetPart(text=rest[start + 1 : end], highlighted=True))
        rest = rest[end + 1 :]
    return [part for part in parts if part.text]


def _ids(values: list[strawberry.ID] | None) -> tuple[uuid.UUID, ...]:
    try:
        return tuple(uuid.UUID(str(v)) for v in values or ())
    except ValueError as error:
        raise PublicError("A filter names an id that does not exist.") from error


def _one(value: strawberry.ID | None) -> uuid.UUID | None:
    return _ids([value])[0] if value else None


@strawberry.type
class ArchiveQuery:
    @strawberry.field(
        description=(
            "Documents whose text or details match the words, best first, within what you may see; with no words, "
            "the documents under the filter, newest first."
        ),
        permission_classes=[IsSignedIn],
    )
    async def search_documents(
        self,
        info: Info,
        query: str,
        filter: DocumentSearchFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> DocumentSearchResults:
        flt = filter or DocumentSearchFilter()
        principal = acting_principal(info)
        limit = clamp_page_size(first, min(info.context.page_cap, SEARCH_PAGE_CAP))
        offset = offset_after(after)
        page = await search.search_documents(
            info.context.db,
            principal=principal,
            words=query,
            flt=search.SearchFilter(
                document_types=tuple(DomainDocumentType(t).value for t in flt.document_types or ()),
                account_ids=_ids(flt.customer_ids) if principal.is_staff else (),
                invoice_id=_one(flt.invoice_id),
                dispute_id=_one(flt.dispute_id),
                uploaded_from=flt.uploaded_from,
                uploaded_to=flt.uploaded_to,
            ),
            offset=offset,
            limit=limit,
        )
        ids = [hit.document_id for hit in page.hits]
        # The documents load through the tenant scope once more: what it drops is never shown.
        rows = await info.context.db.execute(select(DocumentModel).where(among(info.context.db, DocumentModel.id, ids)))
        by_id = {document.id: document for document in rows.scalars()}
        edges = [
            DocumentSearchHit(
                cursor=offset_cursor(offset + position),
                node=Document.from_model(by_id[hit.document_id]),
                snippet=snippet_parts(hit.snippet),
            )
            for position, hit in enumerate(page.hits)
            if hit.document_id in by_id
        ]
        return DocumentSearchResults(
            edges=edges,
            page_info=offset_page_info([edge.cursor for edge in edges], offset, page.total),
            total_count=page.total,
            total_count_is_exact=page.total_is_exact,
        )
