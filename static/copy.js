// Progressive enhancement: a "Copy" button beside a secret shown once (an API token, an invite
// link). Without JavaScript the button stays hidden and the text field, selected on focus, is
// copied by hand as before. The result is announced in the live region next to the button.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = "Copied"; },
        function () {
          field.focus();
          field.select();
          if (status) status.textContent = "Could not copy: the text is selected, so press Ctrl+C (⌘C on a Mac).";
        }
      );
    });
    field.addEventListener("focus", function () { field.select(); });
  });
})();
