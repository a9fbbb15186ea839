// Progressive enhancement: while an administrator types a new group's name, the web address
// is suggested from it, the way the server makes one when the field is left blank
// (app/groups/schemas.py, slug_from_name). Once they edit the address themselves it is theirs.
(function () {
  var name = document.querySelector("[data-slug-source]");
  var slug = document.querySelector("[data-slug-target]");
  if (!name || !slug) return;
  var suggested = slug.value === "";
  function fromName(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  }
  name.addEventListener("input", function () {
    if (suggested) slug.value = fromName(name.value);
  });
  slug.addEventListener("input", function () {
    suggested = slug.value === "";
  });
})();
