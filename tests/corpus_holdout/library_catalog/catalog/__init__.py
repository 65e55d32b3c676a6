# colretire-holdout: books.isbn10
