"""The reliability, security and accessibility audit of the built site.

``python -m audit`` builds the site, serves it on 127.0.0.1 and runs every
check; the tests (``tests/test_audit_*.py``) import the same modules, so the
command and the test suite share one payload list, one page list, one axe
runner and one validator call:

- :mod:`audit.payloads`: the bad inputs and what each one is (blank, control
  characters, too long, a URL, a date and its range);
- :mod:`audit.inputs`: the CPython matrix, every worksheet x field x payload x
  locale, and what a correct answer to each is;
- :mod:`audit.pages`: every page of both locales in the built site;
- :mod:`audit.browser`: Chromium, the page observer (CSP violations, canary,
  engine requests and answers, downloads, long tasks) and worksheet driving;
- :mod:`audit.axe`: axe-core in the page, light and dark;
- :mod:`audit.site_scan`: every page in one color scheme (requests by host,
  CSP, axe) and each worksheet used up to "delete my entries";
- :mod:`audit.browser_inputs`: the payloads typed into live worksheets;
- :mod:`audit.checks`: the injection canary, CSP, instant navigation,
  reduced motion, focus, hover contrast, screen readers;
- :mod:`audit.validator`: the Nu Html Checker (vnu.jar) over the built pages;
- :mod:`audit.site`: build and serve (the helpers of tests/conftest.py).
"""
