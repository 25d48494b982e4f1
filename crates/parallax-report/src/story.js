// Parallax story page: clicking any statement that carries data-mentions ("doc:start-end ...",
// byte offsets in the raw article) highlights those spans in the articles below and scrolls to
// the first. Paragraphs carry their raw byte range in data-start/data-end.
(function () {
  "use strict";
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  function clear() {
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
    document.querySelectorAll(".selected").forEach(function (el) {
      el.classList.remove("selected");
    });
  }
  function mark(paragraph, start, end) {
    var from = Number(paragraph.dataset.start);
    var to = Number(paragraph.dataset.end);
    if (end <= from || start >= to) return null;
    var node = paragraph.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) return null;
    var bytes = encoder.encode(node.data);
    var a = decoder.decode(bytes.slice(0, Math.max(0, start - from))).length;
    var b = decoder.decode(bytes.slice(0, Math.min(bytes.length, end - from))).length;
    if (b <= a) return null;
    var range = document.createRange();
    range.setStart(node, a);
    range.setEnd(node, b);
    var el = document.createElement("mark");
    el.className = "hl";
    range.surroundContents(el);
    return el;
  }
  function highlight(places) {
    clear();
    var first = null;
    places.split(" ").forEach(function (place) {
      var match = /^(.+):(\d+)-(\d+)$/.exec(place);
      if (!match) return;
      var article = document.getElementById("doc-" + match[1]);
      if (!article) return;
      var start = Number(match[2]);
      var end = Number(match[3]);
      article.querySelectorAll("p[data-start]").forEach(function (paragraph) {
        var el = mark(paragraph, start, end);
        if (el && !first) first = el;
      });
    });
    if (first) first.scrollIntoView({ block: "center" });
    return first !== null;
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-mentions]");
    if (!target) return;
    highlight(target.dataset.mentions);
    target.classList.add("selected");
  });
})();
