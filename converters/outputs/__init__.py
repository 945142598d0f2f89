"""What is made from the generated pages: offline ZIP, printed book, Chromium, QR codes."""
