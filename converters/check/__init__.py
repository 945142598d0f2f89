"""Rules of the notice and the contact-data scanner: findings as values."""
