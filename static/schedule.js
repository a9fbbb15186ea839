// The schedule form, enhanced: the repeat options name the chosen date's weekday, the series' end
// shows only for repeating meetings, and the raw rule only for "Custom…". Without this file every
// field is shown, each labelled with when it applies.
(function () {
  "use strict";

  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var ORDINALS = ["first", "second", "third", "fourth", "last"];

  function parseDay(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!match) return null;
    var day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return isNaN(day.getTime()) ? null : day;
  }

  function labels(day) {
    if (!day) return null;
    var weekday = WEEKDAYS[day.getDay()];
    var nth = ORDINALS[Math.min(Math.floor((day.getDate() - 1) / 7), 4)];
    return {
      weekly: "Weekly on " + weekday,
      every_other_week: "Every other week on " + weekday,
      monthly_weekday: "Monthly on the " + nth + " " + weekday
    };
  }

  function init() {
    var repeat = document.getElementById("field-repeat");
    if (!repeat) return;
    var date = document.getElementById("field-date");
    var repeating = document.querySelectorAll("[data-repeating]");
    var custom = document.querySelector("[data-custom-rule]");
    var customHint = custom && custom.querySelector(".optional");

    function relabel() {
      var words = labels(parseDay(date && date.value));
      if (!words) return;
      Array.prototype.forEach.call(repeat.options, function (option) {
        if (words[option.value]) option.textContent = words[option.value];
      });
    }

    // `hidden` alone would lose to the fields' own display rules.
    function conceal(element, hide) {
      element.hidden = hide;
      element.style.display = hide ? "none" : "";
    }

    function show() {
      var choice = repeat.value;
      Array.prototype.forEach.call(repeating, function (element) {
        conceal(element, choice === "never");
      });
      if (custom) {
        // An error on the rule stays in sight, whatever is chosen.
        conceal(custom, choice !== "custom" && !custom.classList.contains("has-error"));
        if (customHint) customHint.hidden = true;
      }
    }

    repeat.addEventListener("change", show);
    if (date) {
      date.addEventListener("change", relabel);
      date.addEventListener("input", relabel);
    }
    relabel();
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
