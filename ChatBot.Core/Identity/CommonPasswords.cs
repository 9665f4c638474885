namespace ChatBot.Core.Identity;

/// <summary>
/// Passwords of eight or more characters that top every published breach-frequency list (shorter ones fail the
/// length rule anyway). Compared in lower case.
/// </summary>
internal static class CommonPasswords
{
    private static readonly HashSet<string> Values = new(StringComparer.Ordinal)
    {
        "password", "password1", "password12", "password123", "password1234", "password!", "passw0rd", "p@ssw0rd",
        "p@ssword", "pa$$word", "12345678", "123456789", "1234567890", "0123456789", "12345678910", "123123123",
        "123456789a", "1234567a", "12341234", "11111111", "111111111", "1111111111", "00000000", "000000000",
        "88888888", "87654321", "987654321", "9876543210", "11223344", "12121212", "1q2w3e4r", "1q2w3e4r5t",
        "1qaz2wsx", "1qazxsw2", "zaq12wsx", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "qwerty1234",
        "qwe123qwe", "asdfghjkl", "asdfasdf", "asdf1234", "zxcvbnm1", "zxcvbnmm", "abcd1234", "abc12345",
        "abcdefgh", "abcdefg1", "a1b2c3d4", "aa123456", "iloveyou", "iloveyou1", "iloveyou2", "sunshine",
        "sunshine1", "princess", "princess1", "football", "football1", "baseball", "basketball", "superman",
        "batman123", "starwars", "welcome1", "welcome123", "letmein1", "letmein123", "trustno1", "whatever",
        "computer", "internet", "michelle", "jennifer", "jordan23", "liverpool", "chelsea1", "arsenal1",
        "butterfly", "chocolate", "football12", "homelesspa", "charlie1", "master123", "mustang1", "shadow12",
        "dragon12", "monkey123", "soccer12", "hello123", "hellohello", "changeme", "changeme1", "changeme123",
        "administrator", "admin123", "admin1234", "adminadmin", "root1234", "toor1234", "default1", "secret123",
        "guest123", "test1234", "testtest", "test12345", "passpass", "letmeinnow", "qazwsxedc", "1234qwer",
        "q1w2e3r4", "q1w2e3r4t5", "qweasdzxc", "1a2b3c4d", "myspace1", "blink182", "pokemon1", "minecraft",
        "whatever1", "loveyou1", "lovelove", "samsung1", "google123", "facebook", "linkedin", "spiderman",
        "victoria", "nicholas", "jonathan", "danielle", "michael1", "jessica1", "ashley12", "123qweasd",
        "qwerty12345", "1234567890q", "asdasdasd", "zxczxczxc", "aaaaaaaa", "abcabcabc", "987654321a",
    };

    public static bool Contains(string lowerCasePassword) => Values.Contains(lowerCasePassword);
}
