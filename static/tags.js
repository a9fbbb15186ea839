// Progressive enhancement: a datalist suggests whole values only, so for comma-separated
// tag inputs we offer each suggestion appended to what is already typed. Without
// JavaScript the datalist still suggests the first tag and the form works the same.
(function () {
  document.querySelectorAll("input[data-tag-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var words = Array.prototype.map.call(list.options, function (o) { return o.value; });
    var own = document.createElement("datalist");
    own.id = input.id + "-suggestions";
    document.body.appendChild(own);
    input.setAttribute("list", own.id);
    function refresh() {
      var parts = input.value.split(",");
      var last = parts.pop().trim().toLowerCase();
      var chosen = parts.map(function (p) { return p.trim().toLowerCase(); });
      var prefix = parts.length ? parts.map(function (p) { return p.trim(); }).join(", ") + ", " : "";
      own.innerHTML = "";
      words.filter(function (w) {
        var lower = w.toLowerCase();
        return chosen.indexOf(lower) === -1 && (!last || lower.indexOf(last) !== -1);
      }).slice(0, 30).forEach(function (w) {
        var option = document.createElement("option");
        option.value = prefix + w;
        own.appendChild(option);
      });
    }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  });
})();
