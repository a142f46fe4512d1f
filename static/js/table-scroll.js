/* Wide tables on small screens.
   1. A table in .table-wrap scrolls inside its own box, never the whole page. Where it does scroll,
      keyboard users must be able to reach the box and screen readers must hear what it is: it becomes
      a focusable region named after the table's caption (and its section, where captions repeat).
   2. A table marked .stack-on-phone becomes a list of cards on a phone (see site.css); every cell
      gets its column header as data-label, shown before the value. */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function baseLabel(wrap) {
    var table = wrap.querySelector("table");
    var caption = table && text(table.querySelector("caption"));
    var label = caption || (table && table.getAttribute("aria-label")) || "Tabelle";
    var section = wrap.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    var headingText = text(heading);
    return headingText && label.indexOf(headingText) === -1 ? headingText + ": " + label : label;
  }

  function updateRegions() {
    var wraps = document.querySelectorAll(".table-wrap");
    var used = {};
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) {
        var label = baseLabel(wrap) + " (seitlich verschiebbar)";
        used[label] = (used[label] || 0) + 1;
        if (used[label] > 1) label += " – " + used[label];
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label);
        wrap.classList.add("table-wrap--scrolls");
      } else if (wrap.classList.contains("table-wrap--scrolls")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        wrap.classList.remove("table-wrap--scrolls");
      }
    }
  }

  function labelStackedTables() {
    var tables = document.querySelectorAll("table.stack-on-phone");
    for (var t = 0; t < tables.length; t++) {
      var headers = tables[t].querySelectorAll("thead th");
      var rows = tables[t].querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < headers.length; c++) {
          var name = text(headers[c]);
          if (name && !cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", name);
        }
      }
      tables[t].classList.add("is-labelled");
    }
  }

  function updateAll() {
    labelStackedTables();
    updateRegions();
  }

  var pending = null;
  function later() {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(function () { pending = null; updateAll(); });
  }

  updateAll();
  window.addEventListener("resize", later);
  window.addEventListener("load", later);
  /* Tables that htmx swaps in get the same treatment. */
  document.addEventListener("htmx:afterSettle", later);
})();
