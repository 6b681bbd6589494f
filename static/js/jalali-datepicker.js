/* The Jalali date picker on the Persian admin's date boxes
   (input[data-jalali-picker], made by core.forms.JalaliDateInput).

   The calendar is @majidh1/jalalidatepicker (static/vendor/jalalidatepicker/).
   This file starts it and adds what it lacks:
   - it opens on a click, and from the keyboard with Alt+ArrowDown or
     ArrowDown in the box; not on focus, so that moving through a form with
     Tab does not cover it with calendars;
   - its days, arrows and buttons take the focus: the arrow keys move by a
     day and a week (in the calendar's direction), PageUp/PageDown by a
     month, Shift+PageUp/PageDown by a year, Home/End to the first and last
     day of the month, Enter or Space pick the day, Escape closes it, and
     the focus goes back to the box;
   - the box keeps the page's digits: the calendar reads and writes Latin
     digits only (our forms accept either).
   The words (accessible names) come from the data attributes of this
   script's tag, translated by the template. No inline script: the
   Content-Security-Policy allows only files. */
(function () {
  "use strict";

  var picker = window.jalaliDatepicker;
  var script = document.currentScript;
  if (!picker || !script) {
    return;
  }
  var words = script.dataset;
  var SELECTOR = "input[data-jalali-picker]";
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var persian = document.documentElement.lang === "fa";
  var current = null; // the box the calendar is open for
  var keyboard = false; // the calendar was opened or used from the keyboard

  function latinDigits(text) {
    return text.replace(/[۰-۹]/g, function (d) {
      return String(PERSIAN_DIGITS.indexOf(d));
    }).replace(/[٠-٩]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0660);
    });
  }

  function pageDigits(text) {
    if (!persian) {
      return text;
    }
    return text.replace(/[0-9]/g, function (d) {
      return PERSIAN_DIGITS[Number(d)];
    });
  }

  picker.startWatch({
    autoShow: false,
    autoHide: true,
    autoReadOnlyInput: false, // typing a date stays possible
    persianDigits: persian,
    selector: SELECTOR,
    showCloseBtn: true,
    showTodayBtn: true,
    showEmptyBtn: true,
    zIndex: 2000
  });

  function container() {
    return document.querySelector("jdp-container");
  }

  function isOpen() {
    var box = container();
    return Boolean(current && box && box.style.display !== "none" &&
      box.style.visibility !== "hidden");
  }

  function days() {
    var box = container();
    return box ? Array.prototype.slice.call(
      box.querySelectorAll("div.jdp-day:not(.disabled-day)")) : [];
  }

  function sameDay(cell, year, month, day) {
    return cell.year === year && cell.month === month && cell.day === day;
  }

  function findDay(year, month, day) {
    var list = days();
    for (var i = 0; i < list.length; i++) {
      if (sameDay(list[i], year, month, day)) {
        return i;
      }
    }
    return -1;
  }

  function monthName(month) {
    var select = container().querySelector(".jdp-month select");
    var option = select && select.querySelector("option[value='" + month + "']");
    return option ? option.text : String(month);
  }

  /* Accessible names and focus order, after every drawing of the calendar
     (it redraws itself on each change of month or year). */
  function describe() {
    var box = container();
    if (!box) {
      return;
    }
    box.id = "jalali-calendar";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", words.calendar || "");
    var controls = [
      [".jdp-months .jdp-icon-plus", words.nextMonth],
      [".jdp-months .jdp-icon-minus", words.previousMonth],
      [".jdp-years .jdp-icon-plus", words.nextYear],
      [".jdp-years .jdp-icon-minus", words.previousYear],
      [".jdp-btn-today", null],
      [".jdp-btn-empty", null],
      [".jdp-btn-close", null]
    ];
    controls.forEach(function (control) {
      var element = box.querySelector(control[0]);
      if (element) {
        element.setAttribute("role", "button");
        element.tabIndex = 0;
        if (control[1]) {
          element.setAttribute("aria-label", control[1]);
        }
      }
    });
    var month = box.querySelector(".jdp-month select");
    var year = box.querySelector(".jdp-year select");
    if (month) {
      month.tabIndex = 0;
      month.setAttribute("aria-label", words.month || "");
    }
    if (year) {
      year.tabIndex = 0;
      year.setAttribute("aria-label", words.year || "");
    }
    days().forEach(function (cell) {
      cell.setAttribute("role", "button");
      cell.tabIndex = -1;
      cell.setAttribute("aria-label", pageDigits(String(cell.day)) + " " +
        monthName(cell.month) + " " + pageDigits(String(cell.year)));
      if (cell.classList.contains("today")) {
        cell.setAttribute("aria-current", "date");
      }
      if (cell.classList.contains("selected")) {
        cell.setAttribute("aria-pressed", "true");
      }
    });
    var active = box.querySelector("div.jdp-day.selected:not(.not-in-month)") ||
      box.querySelector("div.jdp-day.today:not(.not-in-month)") ||
      box.querySelector("div.jdp-day:not(.not-in-month):not(.disabled-day)");
    if (active) {
      active.tabIndex = 0;
    }
  }

  function focusDay(index) {
    var list = days();
    if (!list.length) {
      return;
    }
    index = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (cell) {
      cell.tabIndex = -1;
    });
    list[index].tabIndex = 0;
    list[index].focus();
  }

  function clickControl(selector) {
    var control = container().querySelector(selector);
    if (control && !control.classList.contains("not-in-range")) {
      control.click();
      describe();
      return true;
    }
    return false;
  }

  /* Move the focus by ``offset`` days from the focused cell, turning the
     month when the day is not drawn. Weeks are whole rows, so the first row
     of the next month's grid is the last row of this one when that row
     holds next month's days. */
  function moveBy(cell, offset) {
    var list = days();
    var index = list.indexOf(cell);
    var target = index + offset;
    if (target >= 0 && target < list.length) {
      focusDay(target);
      return;
    }
    var forward = target >= list.length;
    var edge = forward ? list[list.length - 1] : list[0];
    var edgeDate = [edge.year, edge.month, edge.day];
    if (!clickControl(forward ? ".jdp-months .jdp-icon-plus" : ".jdp-months .jdp-icon-minus")) {
      return;
    }
    var fresh = days();
    var found = findDay(edgeDate[0], edgeDate[1], edgeDate[2]);
    if (forward) {
      var start = found >= 0 ? found + 1 : 0;
      focusDay(start + target - list.length);
    } else {
      var end = found >= 0 ? found : fresh.length;
      focusDay(end + target);
    }
  }

  function moveMonth(cell, forward, byYear) {
    var day = cell.day;
    var selector = (byYear ? ".jdp-years " : ".jdp-months ") +
      (forward ? ".jdp-icon-plus" : ".jdp-icon-minus");
    if (!clickControl(selector)) {
      return;
    }
    var inMonth = Array.prototype.slice.call(
      container().querySelectorAll("div.jdp-day:not(.not-in-month):not(.disabled-day)"));
    if (!inMonth.length) {
      return;
    }
    var pick = inMonth[Math.min(day, inMonth.length) - 1];
    focusDay(days().indexOf(pick));
  }

  /* The calendar's show() makes it visible again 300 ms later (the end of
     its transition), even if it was hidden meanwhile: a day picked or
     Escape pressed within 300 ms of opening would see it come back, open
     for no box. Whatever shows it while no box holds it open hides it. */
  var watched = null;
  function keepClosed() {
    var box = container();
    if (!box || box === watched || !window.MutationObserver) {
      return;
    }
    watched = box;
    new MutationObserver(function () {
      if (!current && box.style.display !== "none" &&
          box.style.visibility !== "hidden") {
        picker.hide();
      }
    }).observe(box, {attributes: true, attributeFilter: ["style"]});
  }

  function open(input, withKeyboard) {
    current = input;
    keyboard = withKeyboard;
    // The calendar reads the box's date in Latin digits only.
    var typed = input.value;
    input.value = latinDigits(typed);
    picker.show(input);
    keepClosed();
    input.value = typed;
    input.setAttribute("aria-expanded", "true");
    describe();
    input.setAttribute("aria-controls", "jalali-calendar");
    if (withKeyboard) {
      var box = container();
      var active = box && box.querySelector("div.jdp-day[tabindex='0']");
      if (active) {
        active.focus();
      }
    }
  }

  function close(returnFocus) {
    picker.hide();
    if (current) {
      current.setAttribute("aria-expanded", "false");
      if (returnFocus) {
        current.focus();
      }
    }
    current = null;
  }

  function prepare(input) {
    if (input.dataset.jalaliPickerReady) {
      return;
    }
    input.dataset.jalaliPickerReady = "1";
    // The date-picker combobox of the ARIA Authoring Practices: a box that
    // takes typing and opens a calendar dialog.
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-haspopup", "dialog");
    input.setAttribute("aria-expanded", "false");
    if (words.hintId) {
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby",
        described ? described + " " + words.hintId : words.hintId);
    }
  }

  function addHint() {
    if (!words.hint || document.getElementById("jalali-picker-hint")) {
      return;
    }
    var hint = document.createElement("span");
    hint.id = "jalali-picker-hint";
    hint.hidden = true; // read as the box's description, never shown
    hint.textContent = words.hint;
    document.body.appendChild(hint);
    words.hintId = hint.id;
  }

  addHint();
  Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), prepare);
  // Rows that the admin's inlines add later get their boxes prepared too.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) {
      prepare(event.target);
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) {
      prepare(event.target);
      if (!isOpen() || current !== event.target) {
        open(event.target, false);
      }
      return;
    }
    // A day, "today", "empty" or "close" clicked with the mouse closed the
    // calendar itself (its handlers run before this one): the box is closed.
    var box = container();
    if (current && box && box.contains(event.target) && !isOpen()) {
      current.setAttribute("aria-expanded", "false");
      current = null;
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches && target.matches(SELECTOR)) {
      if (event.key === "ArrowDown" || (event.altKey && event.key === "ArrowDown")) {
        event.preventDefault();
        prepare(target);
        open(target, true);
      } else if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        event.stopPropagation();
        close(true);
      }
      return;
    }
    var box = container();
    if (!box || !box.contains(target) || !current) {
      return;
    }
    // The calendar's own Escape handler (on the document) would blur the box.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
      return;
    }
    var isDay = target.classList.contains("jdp-day");
    var isControl = target.getAttribute("role") === "button";
    if ((event.key === "Enter" || event.key === " ") && isControl) {
      event.preventDefault();
      keyboard = true;
      var input = current;
      target.click();
      if (!isOpen()) {
        input.setAttribute("aria-expanded", "false");
        current = null;
        input.focus();
      } else {
        describe();
        var refocus = isDay ? box.querySelector("div.jdp-day[tabindex='0']") : null;
        if (refocus) {
          refocus.focus();
        }
      }
      return;
    }
    if (!isDay) {
      return;
    }
    var rtl = getComputedStyle(box).direction === "rtl";
    var step = {
      ArrowLeft: rtl ? 1 : -1,
      ArrowRight: rtl ? -1 : 1,
      ArrowUp: -7,
      ArrowDown: 7
    }[event.key];
    if (step) {
      event.preventDefault();
      moveBy(target, step);
    } else if (event.key === "PageDown" || event.key === "PageUp") {
      event.preventDefault();
      moveMonth(target, event.key === "PageDown", event.shiftKey);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      var inMonth = Array.prototype.slice.call(
        box.querySelectorAll("div.jdp-day:not(.not-in-month):not(.disabled-day)"));
      if (inMonth.length) {
        var edge = event.key === "Home" ? inMonth[0] : inMonth[inMonth.length - 1];
        focusDay(days().indexOf(edge));
      }
    }
  }, true);

  // The selects of month and year redraw the calendar: describe it again.
  document.addEventListener("change", function (event) {
    var box = container();
    if (box && box.contains(event.target)) {
      describe();
    }
  });

  // A picked day (or the "empty" button) writes the box: in the page's digits.
  document.addEventListener("jdp:change", function (event) {
    var input = event.target;
    if (input.matches && input.matches(SELECTOR)) {
      input.value = pageDigits(input.value);
    }
  });

  // Leaving the calendar and its box with Tab closes it.
  document.addEventListener("focusout", function (event) {
    if (!current || !isOpen()) {
      return;
    }
    var next = event.relatedTarget;
    var box = container();
    if (next && next !== current && !(box && box.contains(next))) {
      close(false);
    }
  });
}());
