"""Credit and collections: limits, exposure and holds; dunning; promises to pay; the collector's worklist."""
