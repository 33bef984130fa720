// A table or chart wider than a phone scrolls sideways inside its box; a keyboard user must be able to reach
// that box to scroll it (WCAG 2.1.1; axe-core "scrollable-region-focusable"). Every box that scrolls gets
// a tab stop and a name (its caption, the heading before it, or "Tabel"), and loses them when it fits again.
(function () {
  "use strict";
  var SELECTOR = ".table-responsive, .outlook-chart, table, figure, pre";

  function nameOf(box) {
    var caption = box.querySelector("caption, figcaption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var node = box;
    while (node) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) { return previous.textContent.trim(); }
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "Tabel";
  }

  function mark() {
    document.querySelectorAll(SELECTOR).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      var style = window.getComputedStyle(box);
      scrolls = scrolls && /(auto|scroll)/.test(style.overflowX + " " + style.overflowY);
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-region", "");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", nameOf(box));
        }
        if (!box.hasAttribute("role") && box.tagName !== "TABLE") { box.setAttribute("role", "region"); }
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-region");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  var pending;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(mark, 100);
  });
}());
