// Parallax story page, served: the outlet checkboxes show and hide article columns at once (the
// form also works without script, through ?show=), and a statement whose source lies in a hidden
// column shows that column. story.js (loaded first) does the highlighting.
(function () {
  "use strict";
  var chooser = document.querySelector("form.chooser");
  function columns() {
    return document.querySelectorAll("article.column");
  }
  function apply() {
    if (!chooser) return;
    var shown = {};
    chooser.querySelectorAll("input[name=show]").forEach(function (box) {
      shown[box.value] = box.checked;
    });
    columns().forEach(function (column) {
      column.classList.toggle("hidden", !shown[column.dataset.outlet]);
    });
    var params = new URLSearchParams();
    Object.keys(shown).forEach(function (name) {
      if (shown[name]) params.append("show", name);
    });
    history.replaceState(null, "", "?" + params.toString() + location.hash);
  }
  if (chooser) {
    chooser.addEventListener("change", apply);
    var button = chooser.querySelector("button");
    if (button) button.hidden = true;
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-mentions]")) return;
    var first = null;
    columns().forEach(function (column) {
      var mark = column.querySelector("mark.hl");
      if (!mark) return;
      if (column.classList.contains("hidden") && chooser) {
        chooser.querySelectorAll("input[name=show]").forEach(function (box) {
          if (box.value === column.dataset.outlet) box.checked = true;
        });
        apply();
      }
      if (!first) first = mark;
    });
    if (first) first.scrollIntoView({ block: "center" });
  });
})();
