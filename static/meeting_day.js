// The meeting day, enhanced: print buttons, the introductions timer, and the kiosk's filter as you
// type. Every page works without this file; it only adds to what the server sent.
(function () {
  "use strict";

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function formatClock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function minutesWord(minutes) {
    return minutes === 1 ? "1 minute" : minutes + " minutes";
  }

  // The round of introductions: one person at a time, each with the same number of minutes.
  function roundTimer() {
    var panel = document.querySelector("[data-round-timer]");
    var list = document.querySelector("[data-round]");
    if (!panel || !list) return;
    var people = Array.prototype.slice.call(list.querySelectorAll("li"));
    if (!people.length) return;
    var clock = panel.querySelector("[data-clock]");
    var currentName = panel.querySelector("[data-current-name]");
    var minutesInput = panel.querySelector("[data-minutes]");
    var startButton = panel.querySelector("[data-start]");
    var pauseButton = panel.querySelector("[data-pause]");
    var nextButton = panel.querySelector("[data-next]");
    var announce = panel.querySelector("[data-announce]");

    var index = -1;
    var remaining = 0;
    var deadline = null; // when the current turn ends, while the clock runs
    var ticker = null;
    var timeUpSaid = false;
    var finished = false;

    function minutesEach() {
      var value = parseFloat(minutesInput.value);
      if (!isFinite(value) || value <= 0) value = 2;
      return Math.min(value, 60);
    }

    function say(text) {
      // Cleared first, so the same words are announced again when they repeat.
      announce.textContent = "";
      window.setTimeout(function () { announce.textContent = text; }, 50);
    }

    function show() {
      var over = remaining <= 0 && index >= 0 && !finished;
      clock.textContent = over ? "0:00 — time’s up" : formatClock(remaining);
      clock.classList.toggle("is-over", over);
      startButton.disabled = finished || ticker !== null;
      pauseButton.disabled = ticker === null;
      nextButton.disabled = finished;
    }

    function highlight() {
      people.forEach(function (person, position) {
        var current = position === index;
        person.classList.toggle("is-current", current);
        person.classList.toggle("is-done", position < index);
        if (current) person.setAttribute("aria-current", "step");
        else person.removeAttribute("aria-current");
      });
      var person = people[index];
      if (person) {
        currentName.textContent = person.getAttribute("data-name");
        person.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    }

    function tick() {
      remaining = (deadline - Date.now()) / 1000;
      if (remaining <= 0 && !timeUpSaid) {
        timeUpSaid = true;
        say("Time is up for " + people[index].getAttribute("data-name") + ".");
      }
      show();
    }

    function run() {
      if (ticker !== null) return;
      deadline = Date.now() + remaining * 1000;
      ticker = window.setInterval(tick, 250);
      show();
    }

    function pause() {
      if (ticker === null) return;
      window.clearInterval(ticker);
      ticker = null;
      remaining = Math.max(0, (deadline - Date.now()) / 1000);
      show();
    }

    function turnTo(position) {
      var wasRunning = ticker !== null || index < 0;
      pause();
      if (position >= people.length) {
        index = people.length;
        finished = true;
        highlight();
        currentName.textContent = "everyone has spoken";
        remaining = 0;
        say("The round is over: everyone has spoken.");
        show();
        return;
      }
      index = position;
      remaining = minutesEach() * 60;
      timeUpSaid = false;
      highlight();
      var person = people[index];
      var first = person.querySelector(".day-first") ? ", here for the first time" : "";
      say("Now: " + person.getAttribute("data-name") + first + ". " + minutesWord(minutesEach()) + ".");
      if (wasRunning) run();
      show();
    }

    startButton.addEventListener("click", function () {
      if (index < 0) turnTo(0);
      else if (remaining <= 0) { remaining = minutesEach() * 60; timeUpSaid = false; run(); }
      else run();
    });
    pauseButton.addEventListener("click", function () {
      pause();
      say("Paused at " + formatClock(remaining) + ".");
    });
    nextButton.addEventListener("click", function () { turnTo(index + 1); });
    // While the clock runs, a new number of minutes applies from the next person on.
    minutesInput.addEventListener("change", function () {
      if (ticker === null && !finished) {
        remaining = minutesEach() * 60;
        timeUpSaid = false;
        show();
      }
    });

    remaining = minutesEach() * 60;
    panel.hidden = false;
    show();
  }

  // The kiosk: the list narrows as a name is typed (the search button still works without this).
  function kioskFilter() {
    var input = document.querySelector("[data-kiosk-filter]");
    if (!input) return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".kiosk-list li[data-name]"));
    var noMatch = document.querySelector("[data-kiosk-no-match]");
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase().replace(/\s+/g, " ");
      var shown = 0;
      items.forEach(function (item) {
        var match = item.getAttribute("data-name").indexOf(term) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      document.querySelectorAll(".kiosk-list").forEach(function (list) {
        var visible = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !visible;
        var heading = list.previousElementSibling;
        if (heading && heading.classList.contains("kiosk-group-title")) heading.hidden = !visible;
      });
      if (noMatch) noMatch.hidden = shown !== 0;
    });
  }

  function start() {
    printButtons();
    roundTimer();
    kioskFilter();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
