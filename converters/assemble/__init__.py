"""From files to experiences: pairing documents, finding the parts, building the Experience."""
