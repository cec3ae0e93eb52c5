export { assertWithinTwilioBodyLimit, exceedsTwilioBodyLimit, twilioBodyLength } from './body-limit';
export {
  countSegments,
  GSM7_MULTI_SEGMENT,
  GSM7_SINGLE_SEGMENT,
  type NonGsmCharacter,
  type SegmentCount,
  type SmsEncoding,
  UCS2_MULTI_SEGMENT,
  UCS2_SINGLE_SEGMENT,
} from './count-segments';
export { GSM_BASIC_CHARACTERS, GSM_EXTENSION_CHARACTERS, gsmSeptets, isGsmText } from './gsm-charset';
export { GSM_LOOKALIKES, gsmLookalikeFor } from './lookalikes';
export { replaceWithGsmLookalikes } from './replace-lookalikes';
