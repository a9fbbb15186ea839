// Progressive enhancement for an introduction round: the propose button says how many pairs are
// ticked, and updates as pairs are ticked and unticked. Without JavaScript it reads "Propose the
// ticked introductions", which is true whatever is ticked.
(function () {
  var button = document.querySelector("[data-round-propose]");
  if (!button || !button.form) return;
  var form = button.form;
  var note = form.querySelector("[data-round-count]");
  function update() {
    var boxes = form.querySelectorAll('input[type="checkbox"][name="keep"]');
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) ticked += 1; });
    if (ticked === 0) {
      button.textContent = "Propose the ticked introductions";
      if (note) note.textContent = "No pairs are ticked: tick at least one to propose it.";
    } else {
      button.textContent = ticked === 1 ? "Propose this introduction" : "Propose these " + ticked + " introductions";
      var left = boxes.length - ticked;
      if (note) note.textContent = left === 0 ? "Pairs you untick are left out." : left + (left === 1 ? " pair is" : " pairs are") + " left out.";
    }
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "keep") update();
  });
  update();
})();
