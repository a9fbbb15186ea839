// While a contacts file uploads and imports (seconds for thousands of rows), say so under the form.
// Only an enhancement: without JavaScript the form posts the same way.
document.querySelectorAll("form[data-busy]").forEach((form) => {
  form.addEventListener("submit", () => {
    const status = form.querySelector(".import-busy");
    if (status) status.textContent = form.dataset.busy;
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.setAttribute("aria-disabled", "true");
    });
  });
});
