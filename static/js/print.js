/* Print buttons and links (an enhancement: without script, a print link opens the page's print
   view, and the browser's own menu prints it). */
document.querySelectorAll('[data-print]').forEach(b => {
  b.hidden = false;
  b.addEventListener('click', e => { e.preventDefault(); window.print(); });
});
