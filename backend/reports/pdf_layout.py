"""The page layout every Recoup PDF shares: letterhead, key facts, tables, money columns."""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF

ACCENT = (11, 110, 79)


def money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


_PLAIN = str.maketrans({"−": "-", "–": "-", "—": "-", "…": "...", "’": "'", "“": '"', "”": '"'})


def latin1(text: str) -> str:
    """The built-in PDF fonts cover Latin-1: dashes, ellipses and curly quotes become their plain forms, anything
    else prints as '?', never fails the document."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class RecoupPdf(FPDF):
    """A4 portrait with the seller's letterhead and page numbers."""

    def __init__(self, seller: str, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.seller = latin1(seller)
        self.document_title = latin1(title)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(self.document_title)
        self.set_author(self.seller)
        self.alias_nb_pages()
        self.add_page()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 14)
        self.set_text_color(*ACCENT)
        self.cell(0, 8, self.seller, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", "B", 18)
        self.cell(0, 10, self.document_title, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.document_title} - page {self.page_no()} of {{nb}}", align="C")

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value pairs, two to a row."""
        self.set_font("Helvetica", "", 9)
        width = (self.w - self.l_margin - self.r_margin) / 2
        for index, (label, value) in enumerate(pairs):
            self.set_font("Helvetica", "B", 9)
            self.cell(32, 6, latin1(label))
            self.set_font("Helvetica", "", 9)
            self.cell(
                width - 32,
                6,
                latin1(value),
                new_x="LMARGIN" if index % 2 else "RIGHT",
                new_y="NEXT" if index % 2 else "TOP",
            )
        if len(pairs) % 2:
            self.ln(6)
        self.ln(3)

    def grid(self, headings: list[str], widths: list[float], rows: list[list[str]], right_aligned: set[int]) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_fill_color(235, 242, 238)
        for i, heading in enumerate(headings):
            self.cell(widths[i], 7, latin1(heading), border="B", align="R" if i in right_aligned else "L", fill=True)
        self.ln()
        self.set_font("Helvetica", "", 9)
        for row in rows:
            for i, value in enumerate(row):
                self.cell(widths[i], 6, latin1(value), align="R" if i in right_aligned else "L")
            self.ln()
        self.ln(2)

    def totals(self, pairs: list[tuple[str, str]], bold_last: bool = True) -> None:
        for index, (label, value) in enumerate(pairs):
            strong = bold_last and index == len(pairs) - 1
            self.set_font("Helvetica", "B" if strong else "", 10 if strong else 9)
            self.cell(self.w - self.l_margin - self.r_margin - 45, 6, latin1(label), align="R")
            self.cell(45, 6, latin1(value), align="R", new_x="LMARGIN", new_y="NEXT")

    def render(self) -> bytes:
        return bytes(self.output())
