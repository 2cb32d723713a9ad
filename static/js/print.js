/* Print buttons (an enhancement: without script, the browser's own menu prints the page). */
document.querySelectorAll('[data-print]').forEach(b => {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
});
