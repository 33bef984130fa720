// A "select all" check box in a table head (data-select-all) ticks or clears every box in the body.
(function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    master.addEventListener("change", function () {
      master.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });
})();
