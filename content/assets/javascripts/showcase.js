/* Site-wide touches on top of Material. Wide tables scroll inside their box on phones; make those
   boxes reachable by keyboard so they can be scrolled without a mouse (WCAG 2.1.1). Material wraps
   plain tables when the document loads, so this runs after it. */
(function () {
  "use strict";

  function focusableScrollBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table.merged");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("tabindex") || box.closest(".sc-table")) return; // .sc-table__frame scrolls (reading.js)
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格，可左右滚动");
    });
  }

  // Material wraps tables in .md-typeset__scrollwrap from its own document$ subscription; run
  // after it (next tick) on every page it sets up, and once on load for browsers without it.
  function soon() { window.setTimeout(focusableScrollBoxes, 0); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(soon);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
})();
