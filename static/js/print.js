// "Print the minutes": shown only when scripts run (the button is hidden in
// the HTML), since printing from the browser's menu works without it.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
