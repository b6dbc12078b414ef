"""``seeds browse``: the interactive reader (search as you type, read without leaving the screen).

The package is imported only by ``seeds browse``, so no other command pays for Textual.

* :mod:`.query_line` keeps the search box's text in logical order and lays it out for the
  screen (shaped and reordered in visual mode, the cursor where the next letter goes);
* :mod:`.session` runs the searches, passages and source counts in one thread of its own;
* :mod:`.paint` turns seeds' bidi lines into Textual strips, isolated in logical mode;
* :mod:`.app` is the Textual application: search box, sources, results, reader, help.
"""
