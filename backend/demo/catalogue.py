"""What the demo seller sells: SKU, description, unit price."""

from __future__ import annotations

from decimal import Decimal

PRODUCTS: list[tuple[str, str, Decimal]] = [
    ("CF-1001", "Arabica coffee beans, 1 kg bag", Decimal("18.40")),
    ("CF-1002", "Espresso blend, 500 g", Decimal("9.75")),
    ("TE-2001", "Green tea, 100 bags", Decimal("6.20")),
    ("TE-2002", "Earl Grey tea, 250 g tin", Decimal("7.85")),
    ("SN-3001", "Sea salt crackers, case of 24", Decimal("31.50")),
    ("SN-3002", "Dark chocolate bars, case of 48", Decimal("57.60")),
    ("SN-3003", "Roasted almonds, 2.5 kg", Decimal("42.10")),
    ("BV-4001", "Sparkling water, 24 x 330 ml", Decimal("11.90")),
    ("BV-4002", "Orange juice, 12 x 1 l", Decimal("19.20")),
    ("BV-4003", "Oat drink, 12 x 1 l", Decimal("21.60")),
    ("PA-5001", "Paper cups 12 oz, sleeve of 1000", Decimal("64.00")),
    ("PA-5002", "Napkins, case of 5000", Decimal("38.25")),
    ("CL-6001", "Surface cleaner, 4 x 5 l", Decimal("27.95")),
    ("FR-9001", "Freight and handling", Decimal("45.00")),
]
