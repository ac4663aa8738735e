/** Every chart is 16:9 at this size (Telegram and Discord both show it well on a phone). */
export const WIDTH = 1280;
export const HEIGHT = 720;
