-- Enum types for the loaded events: one byte per value instead of a string.
create type event_type_t as enum (
    'entered', 'exited', 'dropped', 'goal_reached',
    'sent', 'delivered', 'opened', 'clicked', 'unsubscribed', 'bounced',
    'impression', 'skipped'
);
create type channel_t as enum ('push', 'email', 'sms', 'whatsapp', 'inapp');
