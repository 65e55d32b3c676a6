def isbn10_to_isbn13(isbn10: str) -> str:  # expect-not
    """Convert an ISBN-10 to its ISBN-13 form (978 prefix)."""
    core = "978" + isbn10[:9]  # expect-not
    total = sum((1 if i % 2 == 0 else 3) * int(d) for i, d in enumerate(core))
    return core + str((10 - total % 10) % 10)


def is_valid_isbn10(isbn10: str) -> bool:  # expect-not
    if len(isbn10) != 10:  # expect-not
        return False
    digits = [10 if c in "xX" else int(c) for c in isbn10]  # expect-not
    return sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
