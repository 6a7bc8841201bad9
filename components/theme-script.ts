export const THEME_STORAGE_KEY = 'sightline-theme';

/** Runs in <head> before first paint so a stored theme never flashes the other one. */
export const THEME_BOOT_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.setAttribute("data-theme",t)}catch(e){}})()`;
