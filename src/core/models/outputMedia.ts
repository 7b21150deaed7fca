/**
 * Calls whose output is not text: Prompt Cost prices text generation (tokens in, tokens out), while
 * images, speech and video are billed per image, per second or per output token of another kind.
 * Such a call is no site; it is said so at the call instead (`non-text-output`).
 */
export type OutputMedia = 'image' | 'audio' | 'video';

/** Image generators called through a generation API: gpt-image-1, DALL·E, Imagen. */
const IMAGE_MODELS = /(?:^|[/.])(?:gpt-image|dall-e|imagen)-/i;
/** Speech generators: tts-1, gpt-4o-mini-tts, Gemini's `-preview-tts` models. */
const AUDIO_MODELS = /(?:^|[/.])(?:tts-1|gpt-4o(?:-mini)?-tts)|-tts(?:-|$)/i;
const VIDEO_MODELS = /(?:^|[/.])veo-/i;

/**
 * What a call makes instead of text, and why that is known: it asks for no text
 * (`responseModalities: ['IMAGE']`), or its model makes only images, speech or video. Undefined for
 * a call that may answer in text (`['TEXT', 'IMAGE']`, a Gemini image model asked for nothing in particular).
 */
export function nonTextOutput(modelId: string | undefined, modalities: readonly string[] | undefined): { media: OutputMedia; why: string } | undefined {
  if (modalities && modalities.length > 0 && !modalities.includes('TEXT')) {
    const media = modalities.includes('AUDIO') ? 'audio' : modalities.includes('IMAGE') ? 'image' : modalities.includes('VIDEO') ? 'video' : undefined;
    if (media) return { media, why: `it asks for ${modalities.map((modality) => modality.toLowerCase()).join(' and ')} output only` };
  }
  if (modelId === undefined) return undefined;
  if (IMAGE_MODELS.test(modelId)) return { media: 'image', why: `${modelId} makes images` };
  if (AUDIO_MODELS.test(modelId)) return { media: 'audio', why: `${modelId} makes speech` };
  if (VIDEO_MODELS.test(modelId)) return { media: 'video', why: `${modelId} makes video` };
  return undefined;
}
